// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title ParevmNFT — a minimal ERC-721 collection with a free open mint.
/// @notice Ownership, balances, single-token approvals and operators as ERC-721 defines them, without the
/// safe-transfer receiver hook or metadata. `mint` hands out sequential ids from one counter, as most
/// collections do, so concurrent mints all write the same slot. The collection is placed in the pre-state
/// (no constructor runs), which is why nothing here is immutable.
contract ParevmNFT {
    mapping(uint256 tokenId => address) private _owners;
    mapping(address owner => uint256) private _balances;
    mapping(uint256 tokenId => address) private _approved;
    mapping(address owner => mapping(address operator => bool)) private _operators;
    /// The id the next mint receives.
    uint256 public nextTokenId;

    event Transfer(address indexed from, address indexed to, uint256 indexed tokenId);
    event Approval(address indexed owner, address indexed approved, uint256 indexed tokenId);
    event ApprovalForAll(address indexed owner, address indexed operator, bool approved);

    error NoSuchToken(uint256 tokenId);
    error ZeroAddress();
    error NotAuthorized(address caller, uint256 tokenId);
    error WrongOwner(address from, uint256 tokenId);

    function name() external pure returns (string memory) {
        return "Parevm Collectible";
    }

    function symbol() external pure returns (string memory) {
        return "PRVC";
    }

    function supportsInterface(bytes4 id) external pure returns (bool) {
        return id == 0x80ac58cd || id == 0x01ffc9a7; // ERC-721, ERC-165
    }

    function balanceOf(address owner) external view returns (uint256) {
        if (owner == address(0)) revert ZeroAddress();
        return _balances[owner];
    }

    function ownerOf(uint256 tokenId) public view returns (address owner) {
        owner = _owners[tokenId];
        if (owner == address(0)) revert NoSuchToken(tokenId);
    }

    function getApproved(uint256 tokenId) external view returns (address) {
        ownerOf(tokenId);
        return _approved[tokenId];
    }

    function isApprovedForAll(address owner, address operator) public view returns (bool) {
        return _operators[owner][operator];
    }

    function approve(address to, uint256 tokenId) external {
        address owner = ownerOf(tokenId);
        if (msg.sender != owner && !_operators[owner][msg.sender]) revert NotAuthorized(msg.sender, tokenId);
        _approved[tokenId] = to;
        emit Approval(owner, to, tokenId);
    }

    function setApprovalForAll(address operator, bool approved) external {
        if (operator == address(0)) revert ZeroAddress();
        _operators[msg.sender][operator] = approved;
        emit ApprovalForAll(msg.sender, operator, approved);
    }

    /// Mints the next id to the caller.
    function mint() external returns (uint256 tokenId) {
        tokenId = nextTokenId++;
        _owners[tokenId] = msg.sender;
        unchecked {
            _balances[msg.sender] += 1;
        }
        emit Transfer(address(0), msg.sender, tokenId);
    }

    function transferFrom(address from, address to, uint256 tokenId) external {
        if (to == address(0)) revert ZeroAddress();
        address owner = ownerOf(tokenId);
        if (owner != from) revert WrongOwner(from, tokenId);
        if (msg.sender != owner && !_operators[owner][msg.sender] && _approved[tokenId] != msg.sender) {
            revert NotAuthorized(msg.sender, tokenId);
        }
        // Clearing an approval that was never set costs little; checking first saves a write when it is unset.
        if (_approved[tokenId] != address(0)) delete _approved[tokenId];
        unchecked {
            _balances[from] -= 1;
            _balances[to] += 1;
        }
        _owners[tokenId] = to;
        emit Transfer(from, to, tokenId);
    }
}
