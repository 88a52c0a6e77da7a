from django.urls import path

from . import views, views_glossary

app_name = "knowledge"

urlpatterns = [
    path("agreements/", views.timeline, name="timeline"),
    path("agreements/new/", views.agreement_create, name="agreement_create"),
    path("agreements/<slug:slug>/", views.agreement_detail, name="agreement"),
    path("agreements/<slug:slug>/edit/", views.agreement_edit, name="agreement_edit"),
    path("agreements/<slug:slug>/tag/", views.tag, name="tag"),
    path("agreements/<slug:slug>/links/<int:link_id>/delete/", views.untag, name="untag"),
    path("guides/", views_glossary.guides_page, name="guides"),
    path("glossary/", views_glossary.glossary_page, name="glossary"),
    path("glossary.csv", views_glossary.glossary_csv, name="glossary_csv"),
    path("glossary.tsv", views_glossary.glossary_tsv, name="glossary_tsv"),
    path("glossary/new/", views_glossary.term_create, name="term_create"),
    path("glossary/<int:term_id>/edit/", views_glossary.term_edit, name="term_edit"),
]
