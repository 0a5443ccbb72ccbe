import type { Migration } from "kysely";
import * as m20261124080000 from "./20261124080000_foundation";
import * as m20261124090000 from "./20261124090000_passkeys";
import * as m20261124110000 from "./20261124110000_banking";
import * as m20261124120000 from "./20261124120000_guides";
import * as m20261124130000 from "./20261124130000_spend_index";
import * as m20261124131000 from "./20261124131000_signature_on_authorizations";
import * as m20261124140000 from "./20261124140000_audit_append_only";
import * as m20261130120000 from "./20261130120000_confirmations_and_pre_sign_in";
import * as m20261130150000 from "./20261130150000_staff_console";
import * as m20261130160000 from "./20261130160000_audit_merkle";
import * as m20261130170000 from "./20261130170000_retention_indexes";
import * as m20261130180000 from "./20261130180000_approvals_and_reviews";
import * as m20261130190000 from "./20261130190000_authorization_settlement";

/**
 * Listed statically (not read from the folder at run time) so the server bundle
 * carries them and `npm start` migrates without the TypeScript sources.
 */
export const migrations: Record<string, Migration> = {
  "20261124080000_foundation": m20261124080000,
  "20261124090000_passkeys": m20261124090000,
  "20261124110000_banking": m20261124110000,
  "20261124120000_guides": m20261124120000,
  "20261124130000_spend_index": m20261124130000,
  "20261124131000_signature_on_authorizations": m20261124131000,
  "20261124140000_audit_append_only": m20261124140000,
  "20261130120000_confirmations_and_pre_sign_in": m20261130120000,
  "20261130150000_staff_console": m20261130150000,
  "20261130160000_audit_merkle": m20261130160000,
  "20261130170000_retention_indexes": m20261130170000,
  "20261130180000_approvals_and_reviews": m20261130180000,
  "20261130190000_authorization_settlement": m20261130190000,
};
