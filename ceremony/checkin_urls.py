from django.urls import path

from . import checkin_views

app_name = "checkin"
urlpatterns = [
    path("<slug:slug>/", checkin_views.page, name="page"),
    path("<slug:slug>/scan", checkin_views.scan, name="scan"),
    path("<slug:slug>/search", checkin_views.search, name="search"),
    path("<slug:slug>/list", checkin_views.offline_list, name="list"),
    path("<slug:slug>/arrivals", checkin_views.arrivals, name="arrivals"),
]
