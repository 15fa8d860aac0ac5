from django.urls import path

from doctors import views

app_name = "doctors"

urlpatterns = [
    path("<slug:slug>/", views.profile, name="profile"),
]
