// The tests see the lab's servers and the program runner through LabSupport, as before
// they moved to LabServers (which the benchmark links without the test library).
@_exported import LabServers
