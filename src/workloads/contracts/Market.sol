// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// What the market needs from the collection.
interface IMarketCollection {
    function ownerOf(uint256 tokenId) external view returns (address);
    function isApprovedForAll(address owner, address operator) external view returns (bool);
    function transferFrom(address from, address to, uint256 tokenId) external;
}

/// @title ParevmMarket — fixed-price sales of one ERC-721 collection for ETH.
/// @notice Sellers approve the market as operator, then `list` a token at a price; `buy` pays exactly that
/// price, moves the token to the buyer and forwards the ETH to the seller in the same call. There is no
/// market fee, so two sales of different tokens touch no common storage. The collection address is a storage
/// variable (set in the pre-state) rather than an immutable.
contract ParevmMarket {
    /// One slot: the seller's address and a price that fits in 96 bits.
    struct Listing {
        address seller;
        uint96 price;
    }

    address public collection;
    mapping(uint256 tokenId => Listing) public listings;

    event Listed(uint256 indexed tokenId, address indexed seller, uint256 price);
    event Delisted(uint256 indexed tokenId);
    event Sold(uint256 indexed tokenId, address indexed seller, address indexed buyer, uint256 price);

    error NotOwner(address caller, uint256 tokenId);
    error MarketNotApproved(address owner);
    error ZeroPrice();
    error NotListed(uint256 tokenId);
    error WrongPayment(uint256 sent, uint256 price);
    error PaymentFailed(address seller);

    constructor(address collection_) {
        collection = collection_;
    }

    function list(uint256 tokenId, uint96 price) external {
        IMarketCollection c = IMarketCollection(collection);
        if (c.ownerOf(tokenId) != msg.sender) revert NotOwner(msg.sender, tokenId);
        if (!c.isApprovedForAll(msg.sender, address(this))) revert MarketNotApproved(msg.sender);
        if (price == 0) revert ZeroPrice();
        listings[tokenId] = Listing(msg.sender, price);
        emit Listed(tokenId, msg.sender, price);
    }

    function delist(uint256 tokenId) external {
        if (listings[tokenId].seller != msg.sender) revert NotOwner(msg.sender, tokenId);
        delete listings[tokenId];
        emit Delisted(tokenId);
    }

    function buy(uint256 tokenId) external payable {
        Listing memory l = listings[tokenId];
        if (l.price == 0) revert NotListed(tokenId);
        if (msg.value != l.price) revert WrongPayment(msg.value, l.price);
        // Effects before the two external calls, so a re-entering seller finds the listing gone.
        delete listings[tokenId];
        IMarketCollection(collection).transferFrom(l.seller, msg.sender, tokenId);
        (bool paid,) = payable(l.seller).call{value: msg.value}("");
        if (!paid) revert PaymentFailed(l.seller);
        emit Sold(tokenId, l.seller, msg.sender, msg.value);
    }
}
