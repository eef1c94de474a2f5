"""Django's JSON fixtures with times to the microsecond, for backups.

Django's own JSON encoder cuts times to milliseconds, so a backup restored from it would not hold
the same records (every history date, upload time, ... would move). The files it writes are plain
JSON fixtures, read back by Django's own JSON deserializer, which keeps every digit.
"""

import datetime

from django.core.serializers.json import Deserializer, DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer

__all__ = ["Deserializer", "Serializer"]


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactJSONEncoder
