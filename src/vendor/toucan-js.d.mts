export * from "toucan-js";
