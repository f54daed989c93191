from phieu_cli.entry import main

main()
