namespace DropShip.Core;
