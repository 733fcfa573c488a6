export { default } from "@pdf-lib/fontkit";
