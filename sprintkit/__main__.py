from sprintkit.cli import main

main()
