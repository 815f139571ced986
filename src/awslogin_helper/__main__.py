"""`python -m awslogin_helper` runs the same entry point as the console script."""

from awslogin_helper.cli import main

if __name__ == "__main__":
    main()
