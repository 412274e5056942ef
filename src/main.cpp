// fleetjobs entry point: wires the object graph (being written).
int main() { return 0; }
