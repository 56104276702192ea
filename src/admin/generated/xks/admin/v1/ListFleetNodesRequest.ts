// Original file: proto/xks_admin.proto


export interface ListFleetNodesRequest {
}

export interface ListFleetNodesRequest__Output {
}
