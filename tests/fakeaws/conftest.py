# Lets pytest import the fakeaws package from here, whatever the working directory.
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
