// Original file: proto/xks_admin.proto

import type { FleetNode as _xks_admin_v1_FleetNode, FleetNode__Output as _xks_admin_v1_FleetNode__Output } from '../../../xks/admin/v1/FleetNode.js';

export interface ListFleetNodesResponse {
  'nodes'?: (_xks_admin_v1_FleetNode)[];
  /**
   * live nodes: the xksProxyFleetSize GetHealthStatus reports (unless configured) and the divisor
   * of every key store's rate limit
   */
  'live'?: (number);
}

export interface ListFleetNodesResponse__Output {
  'nodes': (_xks_admin_v1_FleetNode__Output)[];
  /**
   * live nodes: the xksProxyFleetSize GetHealthStatus reports (unless configured) and the divisor
   * of every key store's rate limit
   */
  'live': (number);
}
