export * from "@zxcvbn-ts/core";
