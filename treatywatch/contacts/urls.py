"""Routes of the contacts pages (included under the language prefix)."""

from django.urls import URLPattern, URLResolver, path

from treatywatch.contacts import views

app_name = "contacts"
urlpatterns: list[URLPattern | URLResolver] = [
    path("contacts/", views.contact_list, name="contacts"),
    path("contacts.<str:fmt>", views.contacts_download, name="contacts-download"),
    path("contacts/new/", views.contact_new, name="contact-new"),
    path("contacts/<int:pk>/", views.contact_detail, name="contact"),
    path("contacts/<int:pk>/edit/", views.contact_edit, name="contact-edit"),
    path("contacts/<int:pk>/export.json", views.contact_export, name="contact-export"),
    path("contacts/<int:pk>/erase/", views.contact_erase, name="contact-erase"),
]
