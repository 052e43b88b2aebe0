"""Routes of the payments area: ``public`` under /services/, ``staff`` under /eservices/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from chancery.eservices.payments import views

public: list[URLPattern | URLResolver] = [
    path("my/<int:pk>/pay/", views.pay, name="pay"),
    path("payments/return/<slug:provider>/", views.payment_return, name="payment_return"),
    path("payments/ipn/<slug:provider>/", views.payment_ipn, name="payment_ipn"),
    path("payments/<int:pk>/receipt.pdf", views.payment_receipt, name="payment_receipt"),
]
staff: list[URLPattern | URLResolver] = [
    path("dossiers/<int:pk>/request-payment/", views.request_payment, name="request_payment"),
    path("payments/", views.payments, name="payments"),
    path("payments/<int:pk>/confirm/", views.payment_confirm, name="payment_confirm"),
    path("payments/<int:pk>/refund/", views.payment_refund, name="payment_refund"),
]
