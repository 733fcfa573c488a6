/** The geo module's face: geocoding place names against the cities gazetteer. */
export { geocodePlaces, type Place, type PlaceQuery, usState } from "./service";
