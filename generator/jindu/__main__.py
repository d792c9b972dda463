from jindu.cli import main

main()
