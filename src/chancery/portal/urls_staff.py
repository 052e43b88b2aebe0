"""The staff workspace of the public's questions, under /portal/ (staff only)."""

from __future__ import annotations

from django.urls import path

from chancery.portal.views import questions_staff

app_name = "portal_staff"

urlpatterns = [
    path("questions/", questions_staff.queue, name="questions"),
    path("questions/<int:pk>/", questions_staff.detail, name="question"),
    path("questions/<int:pk>/answer/", questions_staff.answer, name="question_answer"),
    path("questions/<int:pk>/publish/", questions_staff.publish, name="question_publish"),
    path("questions/<int:pk>/close/", questions_staff.close, name="question_close"),
    path("questions/<int:pk>/spam/", questions_staff.spam, name="question_spam"),
]
