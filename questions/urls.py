from django.urls import path

from questions import views

app_name = "questions"

urlpatterns = [
    path("questions/<int:pk>/", views.question_detail, name="detail_short"),
    path("questions/<int:pk>-<str:slug>/", views.question_detail, name="detail"),
    path("questions/ask/", views.question_ask, name="ask"),
    path("topics/", views.topic_list, name="topic_list"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
]
