from django.urls import path

from doctors import views

app_name = "doctors"

urlpatterns = [
    path("join/", views.join, name="join"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/digest/", views.digest_settings, name="digest"),
    path("dashboard/profile/", views.profile_edit, name="profile_edit"),
    path("<slug:slug>/", views.profile, name="profile"),
]
