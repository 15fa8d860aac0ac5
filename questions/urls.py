from django.urls import path

from questions import views

app_name = "questions"

urlpatterns = [
    path("questions/<int:pk>/", views.question_detail, name="detail_short"),
    path("questions/<int:pk>-<str:slug>/", views.question_detail, name="detail"),
    path("questions/ask/", views.question_ask, name="ask"),
    path("questions/similar/", views.question_similar, name="similar"),
    path("questions/<int:pk>/edit/", views.question_edit, name="edit"),
    path("questions/photos/<uuid:uuid>/", views.question_photo, name="photo"),
    path("questions/photos/<uuid:uuid>/private/", views.question_photo_private, name="photo_private"),
    path("questions/photos/<uuid:uuid>/remove/", views.question_photo_remove, name="photo_remove"),
    path(
        "questions/photos/<uuid:uuid>/thumbnail/",
        views.question_photo,
        {"thumbnail": True},
        name="photo_thumbnail",
    ),
    path("my/questions/", views.my_questions, name="my_questions"),
    path("topics/", views.topic_list, name="topic_list"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
]
