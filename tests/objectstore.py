"""An S3-compatible object store for the tests: moto's standalone server (`python -m moto.server`, from PyPI's
`moto[s3]` with Flask) in a process of its own on a free 127.0.0.1 port, speaking the S3 API over HTTP as MinIO or
AWS would. A real MinIO or SeaweedFS binary cannot be fetched where the suite runs; moto's server can.

`object_store` (a session fixture in tests/conftest.py) starts it once; `file_storage` runs a test twice, on the
file system and on a bucket of that server, with the same settings code production uses
(`partnership.settings.object_storage_backend`).
"""

import secrets
import subprocess
import sys
import time
from pathlib import Path

from tests.realworld import free_port, port_is_closed

REGION = "eu-west-2"
# moto accepts any credentials; these only have to be the same in every process that talks to it.
ACCESS_KEY = "partnership-test-key"
SECRET_KEY = "partnership-test-secret"  # a test server's, not a secret


class ObjectStore:
    """moto's S3 server, to start, stop (a store that cannot be reached) and start again on the same port."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self._process = None
        self._client = None

    def start(self):
        if self._process is None:
            command = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)]
            with (self.folder / "moto.log").open("a") as log:
                self._process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
            deadline = time.monotonic() + 30
            while port_is_closed("127.0.0.1", self.port):
                if self._process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"moto's S3 server did not start:\n{(self.folder / 'moto.log').read_text()}")
                time.sleep(0.1)
        return self

    def stop(self):
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=10)
            self._process = None
        return self

    def client(self):
        import boto3

        if self._client is None:
            self._client = boto3.client(
                "s3",
                endpoint_url=self.endpoint,
                region_name=REGION,
                aws_access_key_id=ACCESS_KEY,
                aws_secret_access_key=SECRET_KEY,
            )
        return self._client

    def new_bucket(self):
        name = f"partnership-{secrets.token_hex(4)}"
        self.client().create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
        return name

    def environment(self, bucket, prefix=""):
        """The variables a process of the app is given to keep its files in `bucket` (README: Production)."""
        return {
            "OBJECT_STORAGE_BUCKET": bucket,
            "OBJECT_STORAGE_ENDPOINT": self.endpoint,
            "OBJECT_STORAGE_REGION": REGION,
            "OBJECT_STORAGE_ACCESS_KEY_ID": ACCESS_KEY,
            "OBJECT_STORAGE_SECRET_ACCESS_KEY": SECRET_KEY,
            "OBJECT_STORAGE_ADDRESSING_STYLE": "path",
            "OBJECT_STORAGE_PREFIX": prefix,
        }

    def backend(self, bucket, prefix=""):
        """The STORAGES["default"] entry the settings make of `environment(bucket, prefix)`."""
        from partnership.settings import object_storage_backend

        return object_storage_backend(self.environment(bucket, prefix))

    def keys(self, bucket, prefix=""):
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
        return [item["Key"] for page in pages for item in page.get("Contents", [])]


def release(storage):
    """Close the connections a storage's S3 client holds (a test's settings are about to drop it)."""
    connection = getattr(getattr(storage, "_connections", None), "connection", None)
    if connection is not None:
        connection.meta.client.close()
