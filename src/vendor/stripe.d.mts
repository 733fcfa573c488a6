export { default } from "stripe";
