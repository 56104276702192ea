// Original file: proto/xks_admin.proto

import type { Long } from '@grpc/proto-loader';

/**
 * a daemon of this fleet, as its heartbeats record it
 */
export interface FleetNode {
  /**
   * random per daemon start
   */
  'id'?: (string);
  'host'?: (string);
  /**
   * xks-proxy version the node runs
   */
  'version'?: (string);
  /**
   * the last change-log seq the node had applied at its last heartbeat
   */
  'applied_seq'?: (number | string | Long);
  /**
   * ISO 8601
   */
  'started_at'?: (string);
  /**
   * ISO 8601, the database's clock
   */
  'last_seen'?: (string);
  /**
   * seen within the fleet timeout; dead nodes are listed for a day, then forgotten
   */
  'live'?: (boolean);
  /**
   * the node answering this call
   */
  'self'?: (boolean);
}

/**
 * a daemon of this fleet, as its heartbeats record it
 */
export interface FleetNode__Output {
  /**
   * random per daemon start
   */
  'id': (string);
  'host': (string);
  /**
   * xks-proxy version the node runs
   */
  'version': (string);
  /**
   * the last change-log seq the node had applied at its last heartbeat
   */
  'applied_seq': (number);
  /**
   * ISO 8601
   */
  'started_at': (string);
  /**
   * ISO 8601, the database's clock
   */
  'last_seen': (string);
  /**
   * seen within the fleet timeout; dead nodes are listed for a day, then forgotten
   */
  'live': (boolean);
  /**
   * the node answering this call
   */
  'self': (boolean);
}
