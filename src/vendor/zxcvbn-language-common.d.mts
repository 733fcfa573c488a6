export * from "@zxcvbn-ts/language-common";
