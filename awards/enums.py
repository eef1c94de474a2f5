from django.db import models
from django.utils.translation import gettext_lazy as _


class AwardKind(models.TextChoices):
    STATE_AWARD = "state_award", _("State award")
    HONORARY_AWARD = "honorary_award", _("Honorary award")
    COMMEMORATIVE_MEDAL = "commemorative_medal", _("Commemorative medal")
    CERTIFICATE_OF_HONOUR = "certificate_of_honour", _("Certificate of honour")
    LETTER_OF_THANKS = "letter_of_thanks", _("Letter of thanks")


class PresentationStatus(models.TextChoices):
    NOMINATED = "nominated", _("Nominated")
    APPROVED = "approved", _("Approved")
    PRESENTED = "presented", _("Presented")
    DECLINED = "declined", _("Declined")
