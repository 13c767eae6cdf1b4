#!/usr/bin/env bash
# Regenerates the Python stubs in hookline/v1/ from proto/ (the files the agent uses: HookService
# and the messages it imports). Use Debian's protoc and gRPC plugin
# (apt-get install protobuf-compiler protobuf-compiler-grpc): they are the versions of Debian's
# python3-protobuf and python3-grpcio runtimes. Code from a newer protoc (25 and up) checks the
# runtime's version at import and refuses the 4.21 runtime that Debian ships.
set -euo pipefail
cd "$(dirname "$0")"
rm -rf hookline
protoc --proto_path=../../proto --python_out=. \
  ../../proto/hookline/v1/run.proto ../../proto/hookline/v1/delivery.proto
protoc --proto_path=../../proto --python_out=. --grpc_out=. \
  --plugin=protoc-gen-grpc="$(command -v grpc_python_plugin)" \
  ../../proto/hookline/v1/hook_service.proto
touch hookline/__init__.py hookline/v1/__init__.py
