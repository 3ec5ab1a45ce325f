/** A language the sites publish in: English, and Welsh for the forces that publish Welsh. */
export type Language = "en" | "cy";
