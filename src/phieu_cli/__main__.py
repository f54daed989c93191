from phieu_cli.cli import main

main()
