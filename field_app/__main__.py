"""`python -m field_app [--data DIR] [--server URL]`: start the tablet app (`make app`)."""

import argparse

from field_app import ui_environment


def main(argv=None):
    parser = argparse.ArgumentParser(prog="field_app", description="Verifield tablet app")
    parser.add_argument("--data", help="the app's data folder (default: Kivy's user data dir)")
    parser.add_argument("--server", help="the office server's address for the first sign-in")
    args = parser.parse_args(argv)
    ui_environment.prepare()
    from field_app.app import FieldApp  # Kivy is imported only now

    FieldApp(data_dir=args.data, server_url=args.server).run()


if __name__ == "__main__":
    main()
