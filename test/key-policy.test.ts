/**
 * The AWS key policy composed from the seed's principal lists (src/aws/key-policy.ts): the
 * statements AWS's console and CCKM write, principals as ARNs of the key's account and partition,
 * and AWS's limits on names, accounts and documents.
 */
import { describe, expect, it } from "vitest";
import {
  ADMIN_ACTIONS,
  checkPrincipals,
  composeKeyPolicy,
  defaultKeyPolicy,
  emptyLists,
  GRANT_ACTIONS,
  parsePolicyDocument,
  PolicyInputError,
  USE_ACTIONS,
} from "../src/aws/key-policy.js";

const ACCOUNT = "111122223333";
const ROOT = { Sid: "Enable IAM User Permissions", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" };

function refused(fn: () => unknown): { field: string; message: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof PolicyInputError) return { field: e.field, message: e.message };
    throw e;
  }
  throw new Error("expected a PolicyInputError");
}

describe("key policy composition", () => {
  it("is AWS's default policy when no principal is given", () => {
    expect(composeKeyPolicy(ACCOUNT, "us-east-1", emptyLists())).toEqual({ Version: "2012-10-17", Id: "key-consolepolicy-3", Statement: [ROOT] });
    expect(defaultKeyPolicy(ACCOUNT, "us-east-1")).toEqual({ Version: "2012-10-17", Id: "key-default-1", Statement: [ROOT] });
  });

  it("writes the administrators', users' and grants' statements as the seed's CCKM example", () => {
    const p = composeKeyPolicy(ACCOUNT, "eu-west-1", {
      key_admins: ["john.doe"],
      key_admins_roles: ["aws-service-role/elasticfilesystem.amazonaws.com/AWSServiceRoleForAmazonElasticFileSystem"],
      key_users: ["richard-roe"],
      key_users_roles: ["aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport"],
      external_accounts: ["444455556666"],
    });
    const users = [
      `arn:aws:iam::${ACCOUNT}:user/richard-roe`,
      `arn:aws:iam::${ACCOUNT}:role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport`,
      "arn:aws:iam::444455556666:root",
    ];
    expect(JSON.parse(JSON.stringify(p))).toEqual({
      Version: "2012-10-17",
      Id: "key-consolepolicy-3",
      Statement: [
        ROOT,
        {
          Sid: "Allow access for Key Administrators",
          Effect: "Allow",
          Principal: { AWS: [`arn:aws:iam::${ACCOUNT}:user/john.doe`, `arn:aws:iam::${ACCOUNT}:role/aws-service-role/elasticfilesystem.amazonaws.com/AWSServiceRoleForAmazonElasticFileSystem`] },
          Action: ADMIN_ACTIONS,
          Resource: "*",
        },
        { Sid: "Allow use of the key", Effect: "Allow", Principal: { AWS: users }, Action: USE_ACTIONS, Resource: "*" },
        {
          Sid: "Allow attachment of persistent resources",
          Effect: "Allow",
          Principal: { AWS: users },
          Action: GRANT_ACTIONS,
          Resource: "*",
          Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
        },
      ],
    });
    expect(ADMIN_ACTIONS).toContain("kms:ScheduleKeyDeletion");
    expect(USE_ACTIONS).toEqual(["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]);
  });

  it("keeps full ARNs, and names principals in the region's partition", () => {
    const p = composeKeyPolicy(ACCOUNT, "cn-north-1", { ...emptyLists(), key_admins: ["arn:aws-cn:iam::999988887777:user/ops"], key_users_roles: ["app"] });
    expect(p.Statement[0]!.Principal.AWS).toBe(`arn:aws-cn:iam::${ACCOUNT}:root`);
    expect(p.Statement[1]!.Principal.AWS).toEqual(["arn:aws-cn:iam::999988887777:user/ops"]);
    expect(p.Statement[2]!.Principal.AWS).toEqual([`arn:aws-cn:iam::${ACCOUNT}:role/app`]);
    // administrators and users: all four statements; administrators only: two
    expect(p.Statement.map((s) => s.Sid)).toEqual(["Enable IAM User Permissions", "Allow access for Key Administrators", "Allow use of the key", "Allow attachment of persistent resources"]);
    expect(composeKeyPolicy(ACCOUNT, "us-gov-west-1", { ...emptyLists(), key_admins: ["a"] }).Statement.map((s) => s.Sid)).toEqual(["Enable IAM User Permissions", "Allow access for Key Administrators"]);
  });

  it("refuses names, ARNs and accounts AWS would not accept, naming the list", () => {
    const cases: [Record<string, string[]>, string, RegExp][] = [
      [{ external_accounts: ["12345"] }, "external_accounts", /12-digit/],
      [{ external_accounts: ["11112222333a"] }, "external_accounts", /12-digit/],
      [{ key_users: ["has space"] }, "key_users", /IAM user name/],
      [{ key_users: ["x".repeat(65)] }, "key_users", /IAM user name/],
      [{ key_admins: ["arn:aws:iam::111122223333:role/r"] }, "key_admins", /is an IAM role/],
      [{ key_users_roles: ["arn:aws:iam::111122223333:user/u"] }, "key_users_roles", /is an IAM user/],
      [{ key_admins_roles: ["arn:aws:s3:::bucket"] }, "key_admins_roles", /not an IAM role ARN/],
      [{ key_users: ["dup", "dup"] }, "key_users", /given twice/],
      [{ key_admins: Array.from({ length: 101 }, (_, i) => `u${i}`) }, "key_admins", /at most 100/],
    ];
    for (const [lists, field, msg] of cases) {
      const e = refused(() => checkPrincipals(lists));
      expect(e.field).toBe(field);
      expect(e.message).toMatch(msg);
    }
    expect(() => checkPrincipals({ key_users: ["john.doe", "a+b=c,d@e_f-g"], key_admins_roles: ["path/to/Role"], external_accounts: ["444455556666"] })).not.toThrow();
  });

  it("accepts a JSON key policy document up to AWS's 32 KB", () => {
    expect(parsePolicyDocument(JSON.stringify({ Version: "2012-10-17", Statement: [ROOT] }), "policy")).toEqual({ Version: "2012-10-17", Statement: [ROOT] });
    expect(refused(() => parsePolicyDocument("{nope", "policy")).message).toMatch(/JSON/);
    expect(refused(() => parsePolicyDocument("[1]", "policy")).message).toMatch(/JSON object/);
    expect(refused(() => parsePolicyDocument("{}", "policy")).message).toMatch(/Statement/);
    const big = JSON.stringify({ Statement: [], pad: "x".repeat(32_768) });
    expect(refused(() => parsePolicyDocument(big, "aws_param.Policy"))).toMatchObject({ field: "aws_param.Policy", message: expect.stringMatching(/32768 bytes/) });
  });
});
