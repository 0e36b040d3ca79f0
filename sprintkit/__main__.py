from sprintkit.cli import main

# Guarded because the TUI's export worker is a fresh interpreter that imports
# the main module again; without this it would start the CLI there.
if __name__ == "__main__":
    main()
