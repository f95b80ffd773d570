"""The command line: the only part of advocacy-kit that imports typer, rich and questionary."""
