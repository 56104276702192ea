// Original file: proto/xks_admin.proto


export interface Empty {
}

export interface Empty__Output {
}
