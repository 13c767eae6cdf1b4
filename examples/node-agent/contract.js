'use strict';
// Hookline's gRPC contract, loaded from the repository's proto/ folder at start: no generated code
// to keep in step with the .proto files.
const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const PROTO_ROOT = path.resolve(__dirname, '..', '..', 'proto');

const definition = protoLoader.loadSync('hookline/v1/hook_service.proto', {
  includeDirs: [PROTO_ROOT],
  // Field names as in the .proto files (snake_case), enums by name, 64-bit integers as strings so
  // that a cursor or sequence never loses precision.
  keepCase: true,
  enums: String,
  longs: String,
  defaults: true,
});
const hookline = grpc.loadPackageDefinition(definition).hookline.v1;

/** A HookService client for `target` (host:port), TLS when `tls` is true. */
function hookService(target, tls) {
  const credentials = tls ? grpc.credentials.createSsl() : grpc.credentials.createInsecure();
  return new hookline.HookService(target, credentials);
}

/** Call metadata: the bearer token, when there is one. */
function callMetadata(token) {
  const metadata = new grpc.Metadata();
  if (token) {
    metadata.set('authorization', `Bearer ${token}`);
  }
  return metadata;
}

module.exports = { hookService, callMetadata, status: grpc.status };
