from django.urls import path

from answers import views

app_name = "answers"

urlpatterns = [
    path("question/<int:question_pk>/new/", views.answer_new, name="create"),
    path("<int:pk>/", views.answer_permalink, name="permalink"),
    path("<int:pk>/edit/", views.answer_edit, name="edit"),
    path("<int:pk>/changes/", views.answer_changes_view, name="changes"),
    path("<int:pk>/reply/", views.reply_new, name="reply"),
    path("<int:pk>/helpful/", views.helpful_mark, name="helpful"),
    path("<int:pk>/agree/", views.agreement, name="agree"),
]
