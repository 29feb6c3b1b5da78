"""The admin's directory import: upload the edited file, see every change field by field, then apply.

The file travels from the preview to the apply step inside the form (it is small: one row per program) and is
checked again before anything is written. The uploader's rights apply: a department's editor may only touch the
department's pages and not the locked fields; a moderator's changes are published, anyone else's go to the pages'
workflow for approval."""

import base64

from django import forms
from django.contrib.auth.models import Group
from django.shortcuts import render

from services.rights import can_change_locked_fields

from .directory import ImportRejected
from .imports import importer_for

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(label="編集したファイル（directory.csv、place-directory.csv または .xlsx）")


def may_publish(user):
    return user.is_superuser or can_change_locked_fields(user)


def department_scope(user):
    """None for those who may touch every page; else the ids of the departments whose editor groups hold the user."""
    if may_publish(user):
        return None
    groups = Group.objects.filter(user=user)
    return set(groups.values_list("departments", flat=True)) - {None}


def import_directory(request):
    context = {"form": UploadForm()}
    if request.method == "POST":
        name, content = _uploaded(request, context)
        if content is not None:
            try:
                importer = importer_for(
                    content, name=name, user=request.user, department_scope=department_scope(request.user)
                )
                importer.locked_columns = () if may_publish(request.user) else ("department",)
                plan = importer.check()
            except ImportRejected as rejected:
                context["errors"] = rejected.errors
            else:
                if request.POST.get("apply") and plan:
                    results = importer.apply(publish=may_publish(request.user))
                    context["applied"] = results
                else:
                    context["plan"] = plan
                    context["encoded"] = base64.b64encode(content).decode()
                    context["name"] = name
        context["publishes"] = may_publish(request.user)
    return render(request, "services/admin/import_directory.html", context)


def _uploaded(request, context):
    if request.POST.get("encoded"):
        try:
            return request.POST.get("name", ""), base64.b64decode(request.POST["encoded"], validate=True)
        except ValueError:
            context["errors"] = ["ファイルを読み直せませんでした。もう一度アップロードしてください。"]
            return None, None
    form = UploadForm(request.POST, request.FILES)
    context["form"] = form
    if not form.is_valid():
        return None, None
    upload = form.cleaned_data["file"]
    if upload.size > MAX_UPLOAD_BYTES:
        context["errors"] = ["ファイルが大きすぎます（5MB まで）。"]
        return None, None
    return upload.name, upload.read()
