from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("settings/", views.account_settings, name="settings"),
    path("settings/data/", views.data_export, name="data_export"),
    path("settings/delete/", views.account_delete, name="delete"),
    path("notifications/off/<str:token>/", views.notifications_off, name="notifications_off"),
]
