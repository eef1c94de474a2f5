"""Email plumbing: the backend that writes messages to files when no SMTP server is configured."""

import secrets
from pathlib import Path

from django.core.mail.backends import filebased
from django.utils import timezone


class FileBackend(filebased.EmailBackend):
    """Django's file backend, one file per message: `<time>-<random>.eml`, exactly what an SMTP server
    would have been given (a mail program opens it). `written` names the files of the last
    `send_messages`, relative to the folder, in order, so the outbox can link each message to its own."""

    def open(self):
        return False  # nothing to keep open: each message opens a file of its own

    def close(self):
        pass

    def send_messages(self, email_messages):
        self.written = []
        folder = Path(self.file_path)
        for message in email_messages:
            if not message.recipients():
                continue
            name = f"{timezone.now():%Y%m%d-%H%M%S}-{secrets.token_hex(6)}.eml"
            with (folder / name).open("xb") as file:
                file.write(message.message().as_bytes(linesep="\r\n"))
            self.written.append(name)
        return len(self.written)
