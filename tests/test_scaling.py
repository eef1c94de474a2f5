"""Several processes, several machines: what must be shared between them is (the cache that counts the
failures of guessed links, the private files in an S3-compatible object store), whichever process a
request reaches.

The object store is moto's standalone S3 server on a local port, spoken to over HTTP as any store is.
"""

import datetime
import json
import os
import socket
import subprocess
import sys
import tarfile
import urllib.parse
import uuid

import boto3
import pytest
import redis
import requests
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from moto.server import ThreadedMotoServer

from ceremony import printing, views
from ceremony.core.print_cache import print_cache_expire
from ceremony.models import GuestImport
from tests import factories
from tests.test_backup import VIDEO_BYTES, manage
from tests.test_printing import printer

# A database of its own. The suite may run twice at once on one machine (CI runs SQLite and PostgreSQL
# side by side): tests use keys of their own and never flush it.
REDIS_URL = "redis://127.0.0.1:6379/15"


def fail_in_another_process(times, address, environment):
    """What another gunicorn worker (or machine) does when a script tries links from `address`."""
    script = (
        "import django; django.setup()\n"
        "from ceremony import views\n"
        f"for _ in range({times}): views.rsvp_failures().failed({address!r})\n"
    )
    subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", script],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", **environment},
        check=True,
        timeout=60,
    )


def test_the_default_cache_is_shared_by_the_processes_of_one_machine(settings):
    settings.RSVP_FAILURE_LIMIT = 5
    location = settings.CACHES["default"]["LOCATION"]
    caches["default"].clear()
    address = "203.0.113.7"
    fail_in_another_process(3, address, {"CACHE_URL": f"filecache://{location}"})
    fail_in_another_process(1, address, {"CACHE_URL": f"filecache://{location}"})
    failures = views.rsvp_failures()
    assert not failures.exceeded(address)
    failures.failed(address)  # the fifth, here
    assert failures.exceeded(address)
    assert not failures.exceeded("203.0.113.8")


def redis_reachable():
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.ConnectionError:
        return False


@pytest.mark.skipif(not redis_reachable(), reason="no Redis on 127.0.0.1:6379")
def test_with_redis_the_machines_share_the_cache(settings):
    settings.RSVP_FAILURE_LIMIT = 5
    address = f"203.0.113.9-{uuid.uuid4().hex}"  # counted under this run's own key
    with override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    ):
        fail_in_another_process(4, address, {"CACHE_URL": REDIS_URL})
        failures = views.rsvp_failures()
        assert not failures.exceeded(address)
        failures.failed(address)
        assert failures.exceeded(address)
        caches["default"].delete(failures._key(address))
    assert not views.rsvp_failures().exceeded(address)  # the files' cache never saw them


# ---------------------------------------------------------------------------------------------------
# Private files in an object store

KEYS = {"aws_access_key_id": "baikonur-test", "aws_secret_access_key": "baikonur-test-secret"}


@pytest.fixture(scope="module")
def object_store():
    """The address of an S3 server on a free local port, for this module's tests."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(object_store, settings, private_root, request):
    """A new bucket, and the site's private files in it, as AWS_STORAGE_BUCKET_NAME would have them."""
    name = "baikonur-" + request.node.name.lower().replace("_", "-")[:40].strip("-")
    s3 = boto3.client("s3", endpoint_url=object_store, region_name="us-east-1", **KEYS)
    s3.create_bucket(Bucket=name)
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "ceremony.core.storage.PrivateObjectStorage",
            "OPTIONS": {
                "bucket_name": name,
                "endpoint_url": object_store,
                "region_name": "us-east-1",
                "access_key": KEYS["aws_access_key_id"],
                "secret_key": KEYS["aws_secret_access_key"],
                "querystring_auth": True,
                "querystring_expire": settings.PRIVATE_FILES_SIGNED_URL_SECONDS,
                "file_overwrite": False,
                "signature_version": "s3v4",
            },
        },
    }

    def keys(prefix=""):
        listed = s3.list_objects_v2(Bucket=name, Prefix=prefix)
        return sorted(item["Key"] for item in listed.get("Contents", []))

    s3.keys = keys
    s3.bucket = name
    return s3


def uploaded_guest_list(admin_client, data):
    event = factories.EventFactory()
    upload = SimpleUploadedFile("гости.csv", data, content_type="text/csv")
    response = admin_client.post(
        reverse("admin:ceremony_guestimport_add"), {"event": event.pk, "file": upload, "language": "ru"}
    )
    assert response.status_code == 302
    return GuestImport.objects.get(), response.url


def test_an_uploaded_guest_list_is_an_object_of_the_bucket_downloaded_through_the_permission_check(
    admin_client, client, bucket, private_root
):
    data = "Фамилия;Имя;Организация\nИванов;Пётр;Роскосмос\n".encode()
    guest_import, preview = uploaded_guest_list(admin_client, data)
    assert bucket.keys() == [guest_import.source_file.name]
    assert not private_root.exists() or not any(private_root.rglob("*"))  # nothing on this machine
    grants = bucket.get_object_acl(Bucket=bucket.bucket, Key=guest_import.source_file.name)["Grants"]
    assert [grant for grant in grants if "URI" in grant["Grantee"]] == []  # not AllUsers, not anyone

    page = admin_client.get(preview).content.decode()
    assert "Иванов" in page  # the preview read the list back from the store
    assert f'href="{guest_import.source_file.url}"' in page
    assert guest_import.source_file.url.startswith("/files/")
    download = admin_client.get(guest_import.source_file.url)
    assert b"".join(download.streaming_content) == data
    assert download["Content-Disposition"].startswith("attachment;")

    client.force_login(factories.UserFactory(is_staff=True))  # no role: may not view imports
    assert client.get(guest_import.source_file.url).status_code == 403


def test_with_redirects_the_download_is_sent_to_a_short_lived_signed_address(admin_client, bucket, settings):
    settings.PRIVATE_FILES_REDIRECT = True
    data = "Фамилия;Имя\nСеменова;Ольга\n".encode()
    guest_import, _preview = uploaded_guest_list(admin_client, data)
    response = admin_client.get(guest_import.source_file.url)
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]
    signed = urllib.parse.urlsplit(response.url)
    query = urllib.parse.parse_qs(signed.query)
    assert query["X-Amz-Expires"] == [str(settings.PRIVATE_FILES_SIGNED_URL_SECONDS)]
    assert "X-Amz-Signature" in query
    fetched = requests.get(response.url, timeout=10)
    assert fetched.status_code == 200
    assert fetched.content == data
    assert fetched.headers["Content-Disposition"].startswith("attachment;")

    anonymous = admin_client.__class__()
    assert anonymous.get(guest_import.source_file.url).status_code == 302  # to the login page first
    assert "X-Amz" not in anonymous.get(guest_import.source_file.url).url


def test_a_deleted_import_takes_its_object_with_it(admin_client, bucket, django_capture_on_commit_callbacks):
    guest_import, _preview = uploaded_guest_list(admin_client, "Фамилия;Имя\nИванов;Пётр\n".encode())
    with django_capture_on_commit_callbacks(execute=True):
        guest_import.delete()
    assert bucket.keys() == []


@pytest.mark.django_db
def test_a_program_printed_once_is_kept_in_the_bucket_for_every_server(client, bucket, monkeypatch):
    staff_client = client
    staff_client.force_login(printer())
    event = factories.EventFactory(slug="baikonur-70")
    factories.ProgramItemFactory(event=event, title_en="Opening ceremony")
    url = reverse("print:program", args=["baikonur-70", "pdf"])
    first = staff_client.get(url).content
    assert first.startswith(b"%PDF")
    assert len(bucket.keys("print-cache/")) == 1

    # Another server: nothing of the first's memory or disk, only the bucket.
    def no_render(*args, **kwargs):
        raise AssertionError("rendered again")

    monkeypatch.setattr(printing, "pdf_from_html", no_render)
    assert staff_client.get(url).content == first

    # The daily clean-up finds the bucket's old printouts as it finds the folder's.
    assert print_cache_expire() == 0
    assert print_cache_expire(now=timezone.now() + datetime.timedelta(days=8)) == 1
    assert bucket.keys() == []


@pytest.mark.django_db(transaction=True)  # the backup reads what is committed
def test_backup_and_restore_read_and_write_the_bucket_and_say_so(
    object_store, bucket, tmp_path, empty_database, capsys
):
    video = factories.VideoAddressFactory(media_file=SimpleUploadedFile("обращение.mp4", VIDEO_BYTES))
    assert bucket.keys() == [video.media_file.name]
    call_command("backup", "--output", str(tmp_path / "backup"))
    said = capsys.readouterr().out
    assert f"the bucket {bucket.bucket} at {object_store}" in said
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text(encoding="utf-8"))
    assert list(manifest["files"]) == [video.media_file.name]
    with tarfile.open(tmp_path / "backup" / "private-files.tar") as archive:
        assert archive.extractfile(video.media_file.name).read() == VIDEO_BYTES

    # Restored on another site, by its own settings: another bucket of the store, named by the
    # environment as in production.
    s3 = boto3.client("s3", endpoint_url=object_store, region_name="us-east-1", **KEYS)
    s3.create_bucket(Bucket="baikonur-restored")
    s3.put_object(Bucket="baikonur-restored", Key="guest-imports/2025/05/stale.csv", Body=b"old")
    done = manage(
        "restore",
        str(tmp_path / "backup"),
        database_url=empty_database,
        private_root=tmp_path / "unused",
        environment={
            "AWS_STORAGE_BUCKET_NAME": "baikonur-restored",
            "AWS_S3_ENDPOINT_URL": object_store,
            "AWS_S3_REGION_NAME": "us-east-1",
            "AWS_ACCESS_KEY_ID": KEYS["aws_access_key_id"],
            "AWS_SECRET_ACCESS_KEY": KEYS["aws_secret_access_key"],
        },
    )
    assert done.returncode == 0, done.stderr
    assert f"the bucket baikonur-restored at {object_store}" in done.stdout
    listed = s3.list_objects_v2(Bucket="baikonur-restored")["Contents"]
    assert [item["Key"] for item in listed] == [video.media_file.name]  # the stale one is gone
    restored = s3.get_object(Bucket="baikonur-restored", Key=video.media_file.name)["Body"].read()
    assert restored == VIDEO_BYTES
    assert not (tmp_path / "unused").exists()


@pytest.mark.skipif(not redis_reachable(), reason="no Redis on 127.0.0.1:6379")
@pytest.mark.django_db
def test_with_sessions_in_the_cache_a_login_is_kept_in_redis_for_every_server(client, admin_user):
    server = redis.Redis.from_url(REDIS_URL)
    with override_settings(
        SESSION_ENGINE="django.contrib.sessions.backends.cache",
        CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}},
    ):
        client.force_login(admin_user)
        key = client.cookies["sessionid"].value
        assert not Session.objects.exists()
        assert [name for name in server.keys("*") if key.encode() in name]
        another_server = Client()  # nothing in common with the first but the cookie and Redis
        another_server.cookies["sessionid"] = key
        assert another_server.get(reverse("admin:index")).status_code == 200
        another_server.logout()  # the session deleted from Redis
        assert not [name for name in server.keys("*") if key.encode() in name]
