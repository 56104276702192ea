import * as grpc from "@grpc/grpc-js";
import type { AwsKmsError } from "../aws/errors.js";

/**
 * AWS KMS (and STS) exception names → the gRPC status an admin call answers with (one table). The user sees
 * AWS's exception name and message as well; names not listed here answer FAILED_PRECONDITION when
 * AWS said them, UNAVAILABLE when the call never reached AWS.
 */
const AWS_STATUS: Record<string, grpc.status> = {
  CustomKeyStoreNotFoundException: grpc.status.NOT_FOUND,
  NotFoundException: grpc.status.NOT_FOUND,
  CustomKeyStoreNameInUseException: grpc.status.ALREADY_EXISTS,
  XksProxyUriInUseException: grpc.status.ALREADY_EXISTS,
  XksProxyUriEndpointInUseException: grpc.status.ALREADY_EXISTS,
  XksProxyVpcEndpointServiceInUseException: grpc.status.ALREADY_EXISTS,
  XksKeyAlreadyInUseException: grpc.status.ALREADY_EXISTS,
  AlreadyExistsException: grpc.status.ALREADY_EXISTS,
  ValidationException: grpc.status.INVALID_ARGUMENT,
  XksProxyUriUnreachableException: grpc.status.UNAVAILABLE,
  KMSInternalException: grpc.status.UNAVAILABLE,
  DependencyTimeoutException: grpc.status.UNAVAILABLE,
  ThrottlingException: grpc.status.UNAVAILABLE,
  LimitExceededException: grpc.status.RESOURCE_EXHAUSTED,
  // STS, assuming a connection's role: the role's trust policy (or external id) refused the caller
  AccessDenied: grpc.status.PERMISSION_DENIED,
  AccessDeniedException: grpc.status.PERMISSION_DENIED,
};

export function awsStatus(e: AwsKmsError): grpc.status {
  return AWS_STATUS[e.awsName] ?? (e.fromService ? grpc.status.FAILED_PRECONDITION : grpc.status.UNAVAILABLE);
}

export function awsMessage(e: AwsKmsError): string {
  return `AWS ${e.service} ${e.awsName}: ${e.message}${e.requestId ? ` (AWS request id ${e.requestId})` : ""}`;
}
