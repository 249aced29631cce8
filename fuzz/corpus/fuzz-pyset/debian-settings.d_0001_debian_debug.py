# To enable debug set DEBUG = True
DEBUG = False
