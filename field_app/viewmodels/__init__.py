"""View-models: records and form state turned into what the screens show. No Kivy here."""
