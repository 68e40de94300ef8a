"""The app's screens, by name: each a thin Python class with its layout in a `.kv` file."""

from field_app.screens.accident import AccidentScreen
from field_app.screens.check import CheckScreen
from field_app.screens.firm_visit import FirmVisitScreen
from field_app.screens.instrument import InstrumentScreen
from field_app.screens.job import JobScreen
from field_app.screens.settings import SettingsScreen
from field_app.screens.sign_in import SignInScreen
from field_app.screens.signature import SignatureScreen
from field_app.screens.sync import SyncScreen
from field_app.screens.today import TodayScreen

SCREENS = {
    "sign_in": SignInScreen,
    "today": TodayScreen,
    "job": JobScreen,
    "check": CheckScreen,
    "signature": SignatureScreen,
    "instrument": InstrumentScreen,
    "accident": AccidentScreen,
    "firm_visit": FirmVisitScreen,
    "sync": SyncScreen,
    "settings": SettingsScreen,
}
