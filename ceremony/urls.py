from django.urls import path, register_converter

from . import views


class OutputConverter:
    regex = "pdf|html"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(OutputConverter, "output")

app_name = "print"
urlpatterns = [
    path("<slug:slug>/program.<output:output>", views.program, name="program"),
    path("<slug:slug>/program.ics", views.program_calendar, name="program-calendar"),
    path("<slug:slug>/run-of-show.<output:output>", views.run_of_show, name="run-of-show"),
    path("<slug:slug>/badges.<output:output>", views.badges, name="badges"),
    path("<slug:slug>/precedence.<output:output>", views.precedence, name="precedence"),
    path("<slug:slug>/catering.<output:output>", views.catering, name="catering"),
    path("<slug:slug>/accessibility.<output:output>", views.accessibility, name="accessibility"),
    path("attendee/<int:pk>/itinerary.<output:output>", views.itinerary, name="itinerary"),
    path("visit/<int:pk>/manifest.<output:output>", views.manifest, name="manifest"),
    path("program-item/<int:pk>/awards.<output:output>", views.award_script, name="award-script"),
    path("program-item/<int:pk>/seating.<output:output>", views.seating, name="seating"),
    path("program-item/<int:pk>/table-plan.<output:output>", views.table_plan, name="table-plan"),
    path("program-item/<int:pk>/place-cards.<output:output>", views.place_cards, name="place-cards"),
    path("program-item/<int:pk>/table-cards.<output:output>", views.table_cards, name="table-cards"),
]
