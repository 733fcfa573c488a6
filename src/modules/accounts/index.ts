/** The accounts module's face: what other modules and the composition roots may use. */
export { verifyBearer } from "./credentials";
export { accountGdpr } from "./gdpr";
export { readerSettings } from "./reader-settings";
export { resetPassword } from "./recovery";
export { ResetPasswordBody, TokenBody } from "./schemas-account";
export { purgeAccountRecords } from "./tasks";
export { verifyEmail } from "./verification";
