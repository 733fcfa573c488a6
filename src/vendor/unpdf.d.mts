export * from "unpdf";
