"""Admin pages as a browser uses them: open a page, read its form, change some fields, post it back.

Posting what the page itself holds (hidden fields such as the version a form was opened at, the
inline management forms) keeps tests honest: a field the page forgets to carry fails the test.
"""

from html.parser import HTMLParser

from django.urls import reverse


class FormFields(HTMLParser):
    """What a browser posts for one <form> of a page: its inputs, selected options and text areas."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.data = {}
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        name = attrs.get("name")
        if not self.inside:
            return
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data.setdefault(name, []).append(attrs.get("value") or ("on" if kind == "checkbox" else ""))
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select].append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data

    def posted(self):
        # A browser drops the newline that opens a text area.
        return {name: [value.removeprefix("\n") for value in values] for name, values in self.data.items()}


def open_form(client, url, form_id):
    """Open a change page; return what saving it unchanged would post."""
    response = client.get(url)
    assert response.status_code == 200
    parser = FormFields(form_id)
    parser.feed(response.content.decode())
    return {**parser.posted(), "_save": ["Save"]}


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def form_id(model):
    return f"{model._meta.model_name}_form"


def open_change_form(client, record):
    """What saving a record's change page unchanged would post."""
    return open_form(client, admin_url(type(record), "change", record.pk), form_id(type(record)))


def open_add_form(client, model, query=""):
    return open_form(client, admin_url(model, "add") + query, form_id(model))


def add_row(data, prefix, **fields):
    """Add a row to an inline of the posted form, as its "Add another" link does."""
    index = int(data[f"{prefix}-TOTAL_FORMS"][0])
    data[f"{prefix}-TOTAL_FORMS"] = [str(index + 1)]
    for name, value in fields.items():
        data[f"{prefix}-{index}-{name}"] = [str(value)]
    return data


def set_fields(data, **fields):
    """Change fields of the posted form (`None` leaves a field out, as an unticked box)."""
    for name, value in fields.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = [str(value)]
    return data


def errors_on_page(response):
    """Every error the page shows: the form's, each field's, each inline's and each inline row's."""
    context = response.context
    assert context is not None, f"no form came back (status {response.status_code})"
    found = []
    form = context["adminform"].form
    for messages in form.errors.values():
        found += messages
    for inline in context.get("inline_admin_formsets", []):
        found += inline.formset.non_form_errors()
        for row in inline.formset.forms:
            for messages in row.errors.values():
                found += messages
    return found
