/**
 * Which force's area a point falls in, from the police force area boundaries (GeoJSON, longitude then
 * latitude). Pure, and small enough for the browser. The boundaries are simplified, so an answer near a
 * border can be wrong: whoever shows it lets the person correct it.
 */
export type Ring = [number, number][];
export interface ForceBoundary {
  type: "Feature";
  properties: { force: string };
  geometry: { type: "Polygon"; coordinates: Ring[] } | { type: "MultiPolygon"; coordinates: Ring[][] };
}
export interface ForceBoundaries {
  type: "FeatureCollection";
  features: ForceBoundary[];
}

/** Ray casting: is the point inside the ring? */
function inRing(ring: Ring, x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Inside a polygon: inside its outer ring and in none of its holes. */
function inPolygon(rings: Ring[], x: number, y: number): boolean {
  return rings.length > 0 && inRing(rings[0], x, y) && !rings.slice(1).some((hole) => inRing(hole, x, y));
}

/** The force whose area holds the point, or undefined (at sea, or outside England and Wales). */
export function forceAt(boundaries: ForceBoundaries, longitude: number, latitude: number): string | undefined {
  for (const feature of boundaries.features) {
    const polygons = feature.geometry.type === "Polygon" ? [feature.geometry.coordinates] : feature.geometry.coordinates;
    if (polygons.some((rings) => inPolygon(rings, longitude, latitude))) return feature.properties.force;
  }
  return undefined;
}
